package sealed

const sysMemfdCreate = 279
