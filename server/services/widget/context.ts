import type { Database, Db } from '../../../db/client';
import type { TChatbot, TVisitor } from '../../../db/schema';
import type { TEnv } from '../../env';
import type { EventBus } from '../../events/bus';
import type { AnswerRunner } from '../answering/runner';
import { widgetLimiters, type TWidgetLimits } from './limits';

/** What every widget service needs: the request's database, bus, answers and where it came from. */
export type TWidgetCtx = {
  db: Db;
  database: Database;
  env: Pick<TEnv, 'APP_URL' | 'PORT'>;
  bus: Pick<EventBus, 'publish' | 'publishMany' | 'subscribe' | 'listen'>;
  answers: Pick<AnswerRunner, 'start' | 'cancel' | 'recordGap'>;
  headers: Headers;
  ip: string | null;
  visitorToken: string | null;
  widgetLimits?: Partial<TWidgetLimits>;
};

/** …and, behind visitorProcedure, the visitor and chatbot of the token. */
export type TVisitorCtx = TWidgetCtx & { visitor: TVisitor; chatbot: TChatbot };

export const limitersOf = (ctx: TWidgetCtx) => widgetLimiters(ctx.database, ctx.widgetLimits);
