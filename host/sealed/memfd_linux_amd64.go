package sealed

const sysMemfdCreate = 319
