import { useRouteLoaderData } from '@remix-run/react';
import type { loader } from '~/routes/app.chatbots.$chatbotId';

/** The chatbot tab layout's data (workspace, role, chatbot basics), for any route rendered inside it. */
export function useChatbotLayout() {
  const data = useRouteLoaderData<typeof loader>('routes/app.chatbots.$chatbotId');
  // Only ever undefined outside the layout, which is a programming mistake, not a user-facing state.
  if (!data) throw new Error('useChatbotLayout is only for routes inside app.chatbots.$chatbotId');
  return data;
}
