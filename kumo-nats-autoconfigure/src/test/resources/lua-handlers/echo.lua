function on_message(msg)
  if msg.payload == 'boom' then
    error('refused ' .. msg.subject)
  end
  if msg.payload == 'loop' then
    while true do end
  end
  if msg.payload == 'table' then
    return { 'not', 'a', 'string' }
  end
  return 'hello ' .. msg.payload
end
