import { createApp } from 'vue'
import { createPinia } from 'pinia'
import App from './App.vue'
import { router } from './router'
import { useSession } from './stores/session'
import { useUi } from './stores/ui'
import './styles.css'

const app = createApp(App).use(createPinia())
useUi().apply()
// The session is known before the first route is decided; a public link's page (/s/...) has none
// and asks for none, so it sets no cookie.
const start = location.pathname.startsWith('/s/') ? Promise.resolve() : useSession().init()
start.finally(() => app.use(router).mount('#app'))
