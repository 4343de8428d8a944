-- A policy in KumoMTA's style: connect, publish the message to JetStream with its id for
-- de-duplication, close, and hand the acknowledgement back.
function handle(message, nats)
  local client = kumo.nats.connect {
    servers = nats.servers,
    name = 'sample-policy',
    auth = {
      username = nats.username,
      password = nats.password,
    },
  }
  local ack = client:publish {
    subject = 'messages.' .. message.queue,
    payload = message.body,
    headers = {
      ['Nats-Msg-Id'] = message.id,
    },
  }
  client:close()
  return ack
end
