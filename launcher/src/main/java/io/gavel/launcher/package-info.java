/**
 * Runs the whole Gavel platform as local processes on 127.0.0.1: the {@code ./gavel start} command
 * ({@link io.gavel.launcher.Main}) and a library for integration tests ({@link
 * io.gavel.launcher.Platform}).
 *
 * <p>Decisions: every service is a child process the launcher started and stops by PID (and its
 * descendants), never by name; children run in their own session so Ctrl-C reaches only the
 * launcher, which stops them in reverse order. Data lives under a home folder outside /tmp and is
 * reused across restarts; slow one-off steps (unpacking, {@code artemis create}, {@code kc.sh
 * build}) leave marker files and are redone only when their inputs change. Payara Micro's
 * configuration is regenerated at every start (only its transaction log is kept), so what runs is
 * always what this code says.
 */
package io.gavel.launcher;
