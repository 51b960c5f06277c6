import common from './common.json';
import landing from './landing.json';
import auth from './auth.json';
import dashboard from './dashboard.json';
import chatbots from './chatbots.json';
import knowledge from './knowledge.json';
import playground from './playground.json';
import inbox from './inbox.json';
import analytics from './analytics.json';
import settings from './settings.json';
import developers from './developers.json';
import admin from './admin.json';
import mail from './mail.json';
import bot from './bot.json';

/** Every namespace of this language, bundled together: the browser loads one language at a time. */
export default {
  common,
  landing,
  auth,
  dashboard,
  chatbots,
  knowledge,
  playground,
  inbox,
  analytics,
  settings,
  developers,
  admin,
  mail,
  bot,
};
