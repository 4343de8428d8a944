function on_message(msg)
  local client = kumo.nats.connect { servers = { msg.headers['Report-To'] }, name = 'settle-report' }
  client:publish_core { subject = 'settle.seen', payload = msg.payload .. '|' .. msg.stream .. '|'
    .. msg.sequence .. '|' .. msg.delivered }
  client:close()
  if msg.delivered < 3 then
    error('not yet: delivery ' .. msg.delivered)
  end
end
