-- Request/reply over the connection the application declares as 'rpc', without a socket of its own.
local rpc = kumo.nats.connection('rpc')

function ask(text)
  local reply = rpc:request {
    subject = 'sample.echo',
    payload = text,
  }
  return { subject = reply.subject, payload = reply.payload }
end
