import { api } from './common.js';

api('GET', '/api/v1/info').then((info) => {
  document.getElementById('center').textContent = info.center;
}).catch(() => { /* the links work without it */ });
