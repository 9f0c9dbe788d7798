package io.gavel.users.control;

import io.gavel.platform.boundary.SchemaMigration;
import io.gavel.users.boundary.Users;
import io.gavel.users.entity.Caller;
import io.gavel.users.entity.User;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.persistence.PersistenceException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * What a batch of bids needs to know of its bidders (account status and KYC level), read with one
 * plain JDBC query on the connection of the caller's transaction, so a block or a verification
 * committed before the batch started is seen by it. A bidder seen for the first time gets a
 * profile through {@link Users#profilesOf}. Not as JPA entities: the batch only reads two columns,
 * and EclipseLink's object building and the EJB call around it were most of that read's cost on
 * the bid worker.
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

  @Resource(lookup = SchemaMigration.DATA_SOURCE)
  DataSource db;

  @Inject Users users;

  /** The profiles of {@code callers}, by subject, creating those seen for the first time. */
  public Map<String, Profile> of(Collection<Caller> callers) {
    Map<String, Caller> bySubject = new LinkedHashMap<>();
    for (Caller caller : callers) {
      bySubject.putIfAbsent(caller.id(), caller);
    }
    Map<String, Profile> profiles = new HashMap<>();
    if (bySubject.isEmpty()) {
      return profiles;
    }
    String sql =
        "SELECT id, status, kyc_level FROM users WHERE id IN ("
            + "?, ".repeat(bySubject.size() - 1)
            + "?)";
    try (Connection connection = db.getConnection();
        PreparedStatement query = connection.prepareStatement(sql)) {
      int p = 1;
      for (String id : bySubject.keySet()) {
        query.setString(p++, id);
      }
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          profiles.put(
              rows.getString(1),
              new Profile(User.Status.valueOf(rows.getString(2)), User.KycLevel.valueOf(rows.getString(3))));
        }
      }
    } catch (SQLException e) {
      throw new PersistenceException("reading bidder profiles failed: " + e.getMessage(), e);
    }
    List<Caller> unknown =
        bySubject.values().stream().filter(caller -> !profiles.containsKey(caller.id())).toList();
    if (!unknown.isEmpty()) {
      users.profilesOf(unknown).forEach((id, user) -> profiles.put(id, Profile.of(user)));
    }
    return profiles;
  }
}
