package io.gavel.users.boundary;

import io.gavel.audit.control.AuditLog;
import io.gavel.platform.control.Rows;
import io.gavel.platform.entity.Refusal;
import io.gavel.users.entity.Caller;
import io.gavel.users.entity.User;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/** User profiles: created from the token's claims on first sight. */
@Stateless
public class Users {

  @PersistenceContext EntityManager em;

  @Inject AuditLog audit;

  private final Clock clock = Clock.systemUTC();

  /** How often a profile's {@code last_seen_at} is brought up to date at most. */
  static final Duration LAST_SEEN_PERIOD = Duration.ofMinutes(5);

  /**
   * The caller's profile, created on the first authenticated request; {@code last_seen_at} moves
   * on at most every five minutes. Bids read profiles through {@code
   * io.gavel.users.control.BidderProfiles} (and {@link #profilesOf} for bidders seen for the first
   * time), which leave it alone: the bid path writes no profile rows but new ones.
   */
  public User profileOf(Caller caller) {
    User user = em.find(User.class, caller.id());
    if (user != null) {
      user.seenAgain(Instant.now(clock), LAST_SEEN_PERIOD);
      return user;
    }
    return create(caller);
  }

  /**
   * The profiles of several callers in one query, creating those seen for the first time.
   *
   * @return profiles by subject
   */
  public Map<String, User> profilesOf(Collection<Caller> callers) {
    Map<String, Caller> bySubject = new HashMap<>();
    for (Caller caller : callers) {
      bySubject.putIfAbsent(caller.id(), caller);
    }
    Map<String, User> profiles = new HashMap<>();
    for (User user :
        em.createNamedQuery(User.BY_IDS, User.class)
            .setParameter("ids", bySubject.keySet())
            // only read (the bid path writes no profile rows): not tracked for changes
            .setHint(Rows.READ_ONLY, "true")
            .getResultList()) {
      profiles.put(user.id(), user);
    }
    for (Caller caller : bySubject.values()) {
      if (!profiles.containsKey(caller.id())) {
        profiles.put(caller.id(), create(caller));
      }
    }
    return profiles;
  }

  /**
   * Staff set a user's account status ({@code ACTIVE}, {@code SUSPENDED}, {@code BLOCKED}), with
   * a reason for the audit log. Bids already queued when this commits may still be applied; every
   * later bid is refused with {@code BIDDER_BLOCKED}.
   *
   * @throws Refusal NOT_FOUND for an unknown user, INVALID_STATUS for an unknown status
   */
  public User changeStatus(Caller staff, String userId, String status, String reason) {
    User.Status next;
    try {
      next = User.Status.valueOf(status);
    } catch (IllegalArgumentException | NullPointerException e) {
      throw Refusal.invalid("INVALID_STATUS", "status must be one of ACTIVE, SUSPENDED, BLOCKED");
    }
    User user = em.find(User.class, userId, jakarta.persistence.LockModeType.PESSIMISTIC_WRITE);
    if (user == null) {
      throw Refusal.notFound("user " + userId);
    }
    user.changeStatus(next);
    audit.record(staff, "user.status", "user:" + userId, next.name(), reason, Instant.now(clock));
    return user;
  }

  private User create(Caller caller) {
    // Concurrent first requests of one user race here: INSERT IGNORE lets exactly one insert win
    // without failing the others' transactions.
    Instant now = Instant.now(clock);
    User fresh = new User(caller.id(), caller.username(), caller.displayName(), now);
    int inserted =
        em.createNativeQuery(
                "INSERT IGNORE INTO users (id, username, display_name, kyc_level, seller_verified,"
                    + " status, created_at, last_seen_at) VALUES (?, ?, ?, 'NONE', FALSE, 'ACTIVE', ?, ?)")
            .setParameter(1, fresh.id())
            .setParameter(2, fresh.username())
            .setParameter(3, fresh.displayName())
            .setParameter(4, java.time.LocalDateTime.ofInstant(now, java.time.ZoneOffset.UTC))
            .setParameter(5, java.time.LocalDateTime.ofInstant(now, java.time.ZoneOffset.UTC))
            .executeUpdate();
    if (inserted == 1) {
      audit.record(
          caller,
          "user.created",
          "user:" + caller.id(),
          "CREATED",
          "from the token of " + caller.username() + ", roles " + new java.util.TreeSet<>(caller.roles()),
          now);
    }
    User created = em.find(User.class, caller.id());
    if (created == null) {
      throw new IllegalStateException("no profile could be created for subject " + caller.id());
    }
    return created;
  }
}
