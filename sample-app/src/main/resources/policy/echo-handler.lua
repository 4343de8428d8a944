-- A Lua handler (kumo.nats.lua.handlers.lua-echo in application.yml): the application subscribes
-- to sample.lua.echo and calls on_message with each request; the string returned is the reply.
function on_message(msg)
  return 'lua: ' .. msg.payload:upper()
end
