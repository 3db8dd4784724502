-- Reports count calls (issue 16): missed ones by their hang-up, answered ones by their answer, outgoing ones
-- by their first event, each read by its own time per account; and a missed call is "called back" when an
-- outgoing call later went to the caller's number, looked up by that number.
CREATE INDEX calls_ended_idx ON calls (account_id, ended_at) WHERE ended_at IS NOT NULL;
CREATE INDEX calls_answered_idx ON calls (account_id, answered_at) WHERE answered_at IS NOT NULL;
CREATE INDEX calls_outgoing_idx ON calls (account_id, (least(ringing_at, answered_at, ended_at))) WHERE direction = 'out';
CREATE INDEX calls_outgoing_number_idx ON calls (account_id, to_number) WHERE direction = 'out';
