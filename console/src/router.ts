// Screens by hash (#/pool, #/tickets/…): the page itself is one file the API serves. Ticket
// numbers are the only data in a URL; never a citizen's phone.
import { createRouter, createWebHashHistory } from 'vue-router';
import { claims, currentToken } from './session';
import Login from './views/Login.vue';
import Pool from './views/Pool.vue';

/** The screens each role works in; the first is where it lands. */
export const screensOf: Record<string, string[]> = {
  operator: ['intake', 'pool'],
  dispatcher: ['pool'],
  handler: ['pool'],
  reviewer: ['pool'],
  unit_leader: ['pool', 'stats'],
  follow_up: ['follow-ups', 'pool'],
  supervisor: ['supervision', 'pool', 'stats'],
  admin: ['pool', 'intake', 'follow-ups', 'supervision', 'stats'],
};

export const screenTitles: Record<string, string> = {
  intake: '受理',
  pool: '工单池',
  'follow-ups': '回访',
  supervision: '督办',
  stats: '统计',
};

export const homeOf = (role: string | undefined): string => `/${(role && screensOf[role]?.[0]) || 'pool'}`;

export const router = createRouter({
  history: createWebHashHistory(),
  routes: [
    { path: '/', redirect: () => homeOf(claims.value?.role) },
    { path: '/login', component: Login, meta: { title: '登录', public: true } },
    { path: '/pool', component: Pool, meta: { title: '工单池' } },
    { path: '/intake', component: () => import('./views/Intake.vue'), meta: { title: '受理' } },
    { path: '/tickets/:id', component: () => import('./views/Ticket.vue'), meta: { title: '工单详情' }, props: true },
    { path: '/follow-ups', component: () => import('./views/FollowUps.vue'), meta: { title: '回访' } },
    { path: '/supervision', component: () => import('./views/Supervision.vue'), meta: { title: '督办' } },
    { path: '/stats', component: () => import('./views/Stats.vue'), meta: { title: '统计' } },
    { path: '/:rest(.*)*', redirect: '/' },
  ],
});

router.beforeEach((to) => {
  if (!to.meta.public && !currentToken()) return '/login';
  return true;
});

router.afterEach((to) => {
  document.title = `${String(to.meta.title ?? '')} · 12345 接诉即办工作台`;
});
