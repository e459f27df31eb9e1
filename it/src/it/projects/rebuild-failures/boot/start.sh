exec sleep 86400
