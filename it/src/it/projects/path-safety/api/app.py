print('fresh')
