function on_message(msg)
  local two = msg.headers['X-Two']
  return table.concat({
    msg.subject,
    msg.headers['X-One'],
    type(two) == 'table' and (two[1] .. ',' .. two[2]) or 'not a list',
    tostring(msg.reply ~= nil),
    tostring(msg.stream),
    tostring(#msg.payload),
  }, '|') .. '|' .. msg.payload:reverse()
end
