import { createRouter, createWebHistory } from 'vue-router'
import { useSession } from './stores/session'

// Each view is its own chunk, loaded when first opened: the first page loads only what it shows.
export const router = createRouter({
  history: createWebHistory(),
  routes: [
    { path: '/', redirect: '/drive' },
    { path: '/login', component: () => import('./views/LoginView.vue'), meta: { public: true } },
    { path: '/register', component: () => import('./views/RegisterView.vue'), meta: { public: true } },
    { path: '/login/callback', component: () => import('./views/LoginCallbackView.vue'), meta: { public: true } },
    { path: '/drive/:folderId?', name: 'drive', component: () => import('./views/DriveView.vue') },
    { path: '/starred', component: () => import('./views/StarredView.vue') },
    { path: '/recent', component: () => import('./views/RecentView.vue') },
    { path: '/search', component: () => import('./views/SearchView.vue') },
    { path: '/trash', component: () => import('./views/TrashView.vue') },
    { path: '/settings', component: () => import('./views/SettingsView.vue') },
    { path: '/shared/with-me', component: () => import('./views/SharedView.vue') },
    { path: '/shared/by-me', component: () => import('./views/SharedView.vue') },
    { path: '/dashboard', component: () => import('./views/DashboardView.vue') },
    { path: '/activity', component: () => import('./views/ActivityView.vue') },
    { path: '/analytics', component: () => import('./views/AnalyticsView.vue') },
    { path: '/processing', component: () => import('./views/ProcessingView.vue') },
    // A public link's page: no account, no session, no cookie.
    { path: '/s/:token', component: () => import('./views/PublicView.vue'), meta: { public: true } },
    { path: '/:rest(.*)*', component: () => import('./views/NotFoundView.vue'), meta: { public: true } },
  ],
})

router.beforeEach((to) => {
  const session = useSession()
  if (!to.meta.public && !session.user) {
    return { path: '/login', query: to.fullPath !== '/drive' ? { next: to.fullPath } : {} }
  }
  if ((to.path === '/login' || to.path === '/register') && session.user) return '/drive'
  return true
})
