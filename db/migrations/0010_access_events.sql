-- Ending a session or a membership is announced by the database itself, on the event bus's channel, so
-- every process closes the WebSockets and subscriptions that relied on it whichever code path deleted
-- the rows (log-out, "log out other sessions", password change and reset, OAuth linking, expiry
-- cleanup, removal from a workspace, deleting a workspace or an account). See
-- docs/decisions/0001-access-events-from-triggers.md. The TypeScript twin is server/events/access.ts.
--
-- One notification in the bus's wire format (server/events/bus.ts, `Wire`): id, type, time in ms and the
-- payload as superjson (plain strings and arrays only, so `{"json": …}` is all of it). A NOTIFY inside a
-- transaction is delivered at commit, never on rollback: the same "publish after commit" as bus.publish.
CREATE FUNCTION parley_publish(event_type text, payload json) RETURNS void LANGUAGE sql AS $$
	SELECT pg_notify('parley_events', json_build_object(
		'i', gen_random_uuid(),
		't', event_type,
		'a', floor(extract(epoch FROM clock_timestamp()) * 1000)::bigint,
		'p', json_build_object('json', payload)
	)::text)
$$;
--> statement-breakpoint
-- One statement may delete thousands of rows (expiry cleanup, a deleted workspace): `pairs` is a JSON
-- array of [group, id], published as one event per group and per 100 ids, {group_field: group,
-- ids_field: [ids]}, far below NOTIFY's 8000-byte limit (ids are 24-character session ids or UUIDs).
-- plpgsql's PERFORM runs the whole query (a plain SQL function returning void may stop at its first row).
CREATE FUNCTION parley_publish_grouped(event_type text, group_field text, ids_field text, pairs json)
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
	PERFORM parley_publish(event_type, json_build_object(group_field, batch.grp, ids_field, batch.ids))
	FROM (
		SELECT numbered.grp, json_agg(numbered.id ORDER BY numbered.id) AS ids
		FROM (
			SELECT pair->>0 AS grp, pair->>1 AS id,
				(row_number() OVER (PARTITION BY pair->>0 ORDER BY pair->>1) - 1) / 100 AS chunk
			FROM json_array_elements(pairs) AS pair
		) numbered
		GROUP BY numbered.grp, numbered.chunk
	) batch;
END
$$;
--> statement-breakpoint
CREATE FUNCTION parley_sessions_revoked() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	PERFORM parley_publish_grouped('session.revoked', 'userId', 'sessionIds',
		(SELECT json_agg(json_build_array(r.user_id, r.id)) FROM revoked r));
	RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER sessions_revoked_publish AFTER DELETE ON sessions
	REFERENCING OLD TABLE AS revoked
	FOR EACH STATEMENT EXECUTE FUNCTION parley_sessions_revoked();
--> statement-breakpoint
-- Removed members, also when their workspace or account is deleted (the cascade fires this too).
CREATE FUNCTION parley_memberships_removed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	PERFORM parley_publish_grouped('membership.changed', 'workspaceId', 'userIds',
		(SELECT json_agg(json_build_array(o.workspace_id, o.user_id)) FROM before_rows o));
	RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER memberships_removed_publish AFTER DELETE ON memberships
	REFERENCING OLD TABLE AS before_rows
	FOR EACH STATEMENT EXECUTE FUNCTION parley_memberships_removed();
--> statement-breakpoint
-- Members whose role changed. Postgres allows no column list (UPDATE OF role) on a trigger with
-- transition tables, so the rows are compared here; an update that keeps every role publishes nothing.
CREATE FUNCTION parley_memberships_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	PERFORM parley_publish_grouped('membership.changed', 'workspaceId', 'userIds',
		(SELECT json_agg(json_build_array(o.workspace_id, o.user_id))
		FROM before_rows o
		WHERE NOT EXISTS (
			SELECT 1 FROM after_rows n
			WHERE n.workspace_id = o.workspace_id AND n.user_id = o.user_id AND n.role = o.role
		)));
	RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER memberships_updated_publish AFTER UPDATE ON memberships
	REFERENCING OLD TABLE AS before_rows NEW TABLE AS after_rows
	FOR EACH STATEMENT EXECUTE FUNCTION parley_memberships_updated();
