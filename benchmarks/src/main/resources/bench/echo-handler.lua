function on_message(msg)
  return msg.payload
end
