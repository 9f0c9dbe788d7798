package io.gavel.platform.health;

import io.gavel.platform.boundary.SchemaMigration;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;
import java.sql.Connection;
import javax.sql.DataSource;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

/**
 * MicroProfile Health checks: ready when the database answers and the broker accepts a
 * connection; live as long as the JVM serves requests.
 */
@ApplicationScoped
public class HealthChecks {

  @Resource(lookup = "java:app/jdbc/auction")
  DataSource database;

  @Resource(lookup = SchemaMigration.CONNECTION_FACTORY)
  ConnectionFactory broker;

  @Produces
  @Readiness
  HealthCheck database() {
    return () -> {
      try (Connection c = database.getConnection()) {
        return HealthCheckResponse.named("database").status(c.isValid(2)).build();
      } catch (Exception e) {
        return HealthCheckResponse.named("database")
            .down()
            .withData("error", String.valueOf(e.getMessage()))
            .build();
      }
    };
  }

  @Produces
  @Readiness
  HealthCheck broker() {
    return () -> {
      try (JMSContext context = broker.createContext()) {
        context.createProducer();
        return HealthCheckResponse.named("broker").up().build();
      } catch (Exception e) {
        return HealthCheckResponse.named("broker")
            .down()
            .withData("error", String.valueOf(e.getMessage()))
            .build();
      }
    };
  }

  @Produces
  @Liveness
  HealthCheck alive() {
    return () -> HealthCheckResponse.up("alive");
  }
}
