// One ticking clock for every countdown on screen.
import { ref } from 'vue';

export const now = ref(Date.now());
setInterval(() => (now.value = Date.now()), 1000);
