local state_id = tostring({})
local inside = 0
local main = kumo.nats.connection('main')

function on_message(msg)
  inside = inside + 1
  if inside ~= 1 then
    error('two calls share a state')
  end
  main:request { subject = 'gate.' .. msg.payload, payload = msg.payload, timeout = '30s' }
  inside = inside - 1
  return state_id
end
