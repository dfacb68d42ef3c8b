// The console's entry: Element Plus in Chinese, the router, the theme.
import { createApp } from 'vue';
import ElementPlus from 'element-plus';
import zhCn from 'element-plus/es/locale/lang/zh-cn';
import 'element-plus/dist/index.css';
import './theme.css';
import App from './App.vue';
import { router } from './router';

import { completeSignIn } from './oidc';
import { signInError } from './session';

// Back from single sign-on? Finish it before the router decides where to go.
void completeSignIn().then((error) => {
  signInError.value = error ?? '';
  createApp(App).use(ElementPlus, { locale: zhCn }).use(router).mount('#app');
});
