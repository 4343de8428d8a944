function on_message(msg)
end
