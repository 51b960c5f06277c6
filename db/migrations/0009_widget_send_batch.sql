-- One call writes a batch of visitor messages (server/services/widget/send-batch.ts, writeSendBatch).
-- As one statement in a plpgsql function its plan is cached per session: on PGlite, planning and the
-- round trips of the seven statements it replaces cost more than the writing when batches are small.
-- For each job (in `jobs`: ord, visitor_id, client_id, content) it returns what became of it:
--   gone            the visitor no longer exists
--   stored          a message with this client id is stored already, in any of the visitor's conversations
--   no-conversation the visitor has no open widget conversation (the caller may open one and call again)
--   repeat          the same client id earlier in this batch (the caller answers it like that one)
--   new             stored now, with its id, position and time
--   conflict        stored meanwhile by a writer that does not lock the visitor (ON CONFLICT skipped it)
-- Visitors are locked in id order and marked seen; each visitor's message counter moves once, and its
-- new messages take the positions below the new value in arrival order (the seq trigger skips rows
-- that bring a seq); the conversations' lastMessageAt and the daily usage move with them.
CREATE FUNCTION widget_send_batch(jobs json) RETURNS TABLE (
	ord int,
	outcome text,
	message_id uuid,
	conversation_id uuid,
	workspace_id uuid,
	chatbot_id uuid,
	status conversation_status,
	handler conversation_handler,
	seq bigint,
	created_at timestamptz
) LANGUAGE plpgsql AS $$
#variable_conflict use_column
BEGIN
	RETURN QUERY
	WITH job AS (
		SELECT j.ord, j.visitor_id, j.client_id, j.content
		FROM json_to_recordset(jobs) AS j(ord int, visitor_id uuid, client_id text, content text)
	), locked AS (
		SELECT v.id FROM visitors v
		WHERE v.id IN (SELECT job.visitor_id FROM job)
		ORDER BY v.id
		FOR UPDATE
	), current AS (
		SELECT DISTINCT ON (c.visitor_id) c.visitor_id, c.id, c.workspace_id, c.chatbot_id, c.status, c.handler
		FROM conversations c
		WHERE c.visitor_id IN (SELECT locked.id FROM locked)
			AND c.channel = 'widget' AND c.status IN ('open', 'pending')
		ORDER BY c.visitor_id, c.created_at DESC
	), stored AS (
		SELECT DISTINCT ON (c.visitor_id, m.client_id) c.visitor_id, m.client_id, m.id
		FROM messages m JOIN conversations c ON c.id = m.conversation_id
		WHERE c.visitor_id IN (SELECT locked.id FROM locked)
			AND m.client_id IN (SELECT job.client_id FROM job)
		ORDER BY c.visitor_id, m.client_id, m.created_at
	), decided AS (
		SELECT job.*, locked.id IS NOT NULL AS is_locked, s.id AS stored_id,
			cur.id AS conv_id, cur.workspace_id, cur.chatbot_id, cur.status, cur.handler,
			row_number() OVER (PARTITION BY job.visitor_id, job.client_id ORDER BY job.ord) AS copy
		FROM job
		LEFT JOIN locked ON locked.id = job.visitor_id
		LEFT JOIN stored s ON s.visitor_id = job.visitor_id AND s.client_id = job.client_id
		LEFT JOIN current cur ON cur.visitor_id = job.visitor_id
	), fresh AS (
		SELECT d.*, row_number() OVER (PARTITION BY d.visitor_id ORDER BY d.ord) AS n
		FROM decided d
		WHERE d.is_locked AND d.stored_id IS NULL AND d.conv_id IS NOT NULL AND d.copy = 1
	), bumped AS (
		UPDATE visitors v
		SET message_seq = v.message_seq + coalesce(k.messages, 0), last_seen_at = now()
		FROM locked LEFT JOIN (SELECT fresh.visitor_id, count(*) AS messages FROM fresh GROUP BY fresh.visitor_id) k
			ON k.visitor_id = locked.id
		WHERE v.id = locked.id
		RETURNING v.id, v.message_seq - coalesce(k.messages, 0) AS base
	), inserted AS (
		INSERT INTO messages (workspace_id, conversation_id, role, content, client_id, seq)
		SELECT f.workspace_id, f.conv_id, 'visitor', f.content, f.client_id, b.base + f.n
		FROM fresh f JOIN bumped b ON b.id = f.visitor_id
		ORDER BY f.ord
		ON CONFLICT (conversation_id, client_id) DO NOTHING
		RETURNING messages.id, messages.conversation_id, messages.client_id, messages.seq, messages.created_at
	), touched AS (
		UPDATE conversations SET last_message_at = now()
		WHERE conversations.id IN (SELECT inserted.conversation_id FROM inserted)
	), counted AS (
		INSERT INTO usage_daily AS u (workspace_id, chatbot_id, day, messages, ai_answers, tokens_in, tokens_out)
		SELECT f.workspace_id, f.chatbot_id, (now() AT TIME ZONE 'utc')::date, count(*)::int, 0, 0, 0
		FROM inserted i JOIN fresh f ON f.conv_id = i.conversation_id AND f.client_id = i.client_id
		GROUP BY f.workspace_id, f.chatbot_id
		ON CONFLICT (workspace_id, chatbot_id, day) DO UPDATE SET messages = u.messages + excluded.messages
	)
	SELECT d.ord,
		CASE
			WHEN NOT d.is_locked THEN 'gone'
			WHEN d.stored_id IS NOT NULL THEN 'stored'
			WHEN d.conv_id IS NULL THEN 'no-conversation'
			WHEN d.copy > 1 THEN 'repeat'
			WHEN i.id IS NOT NULL THEN 'new'
			ELSE 'conflict'
		END,
		coalesce(i.id, d.stored_id), d.conv_id, d.workspace_id, d.chatbot_id, d.status, d.handler,
		i.seq, i.created_at
	FROM decided d
	LEFT JOIN inserted i ON d.copy = 1 AND i.conversation_id = d.conv_id AND i.client_id = d.client_id
	ORDER BY d.ord;
END;
$$;
