package io.gavel.users.control;

import io.gavel.platform.control.Reads;
import io.gavel.users.boundary.Users;
import io.gavel.users.entity.Caller;
import io.gavel.users.entity.User;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a batch of bids needs to know of its bidders (account status and KYC level), read with one
 * plain JDBC query on the connection of the caller's transaction, so a block or a verification
 * committed before the batch started is seen by it; the batch sends that query together with the
 * lock of its auctions ({@link Reads}). A bidder seen for the first time gets a profile through
 * {@link Users#profilesOf}. Not as JPA entities: the batch only reads two columns, and
 * EclipseLink's object building and the EJB call around it were most of that read's cost on the
 * bid worker.
 */
@Dependent
public class BidderProfiles {

  /** A bidder's account status and KYC level, as the batch found them. */
  public record Profile(User.Status status, User.KycLevel kycLevel) {

    public boolean mayBid() {
      return status == User.Status.ACTIVE;
    }

    static Profile of(User user) {
      return new Profile(user.status(), user.kycLevel());
    }
  }

  @Inject Users users;

  /**
   * Adds the query of {@code callers}' stored profiles to {@code reads}, which puts them in {@code
   * profiles} by subject when it runs; then {@link #complete} adds the first-time bidders'.
   */
  public void read(Reads reads, Collection<Caller> callers, Map<String, Profile> profiles) {
    List<String> subjects = callers.stream().map(Caller::id).distinct().toList();
    if (subjects.isEmpty()) {
      return;
    }
    reads.add(
        "SELECT id, status, kyc_level FROM users WHERE id IN (" + Reads.marks(subjects.size()) + ")",
        subjects,
        rows -> {
          while (rows.next()) {
            profiles.put(
                rows.getString(1),
                new Profile(User.Status.valueOf(rows.getString(2)), User.KycLevel.valueOf(rows.getString(3))));
          }
        });
  }

  /** Adds to {@code profiles} those of {@code callers} seen for the first time, created now. */
  public void complete(Collection<Caller> callers, Map<String, Profile> profiles) {
    Map<String, Caller> unknown = new LinkedHashMap<>();
    for (Caller caller : callers) {
      if (!profiles.containsKey(caller.id())) {
        unknown.putIfAbsent(caller.id(), caller);
      }
    }
    if (!unknown.isEmpty()) {
      users.profilesOf(List.copyOf(unknown.values())).forEach((id, user) -> profiles.put(id, Profile.of(user)));
    }
  }
}
