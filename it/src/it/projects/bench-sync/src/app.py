print('bench-sync')
