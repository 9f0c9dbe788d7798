-- The subject is the identity; a user name can come back under a new subject (a re-created
-- realm, a deleted and re-registered account). Keep the name searchable but not unique.
ALTER TABLE users DROP INDEX uk_users_username, ADD KEY ix_users_username (username);
