-- An event for a public topic is queued twice, whole for its internal twin and without personal data
-- for the public topic, under the same event id: the id is unique per topic.
ALTER TABLE outbox_event DROP CONSTRAINT outbox_event_id_key;
ALTER TABLE outbox_event ADD CONSTRAINT outbox_event_id_topic_key UNIQUE (id, topic);
