function on_message(msg)
  return 'missing end'
