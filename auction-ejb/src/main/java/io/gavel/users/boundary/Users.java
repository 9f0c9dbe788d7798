package io.gavel.users.boundary;

import io.gavel.users.entity.Caller;
import io.gavel.users.entity.User;
import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Clock;
import java.time.Instant;

/** User profiles: created from the token's claims on first sight. */
@Stateless
public class Users {

  @PersistenceContext EntityManager em;

  private final Clock clock = Clock.systemUTC();

  /** The caller's profile, created on the first authenticated request. */
  public User profileOf(Caller caller) {
    User user = em.find(User.class, caller.id());
    if (user != null) {
      return user;
    }
    user = new User(caller.id(), caller.username(), caller.displayName(), Instant.now(clock));
    em.persist(user);
    return user;
  }
}
