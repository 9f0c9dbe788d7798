package io.gavel.platform.rest;

import jakarta.annotation.security.DeclareRoles;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.auth.LoginConfig;

/**
 * The public REST API, {@code /api/v1}. Callers authenticate with a bearer token from the
 * house's Keycloak (MicroProfile JWT); realm roles arrive in the token's top-level {@code groups}
 * claim. Anonymous callers may read public auction data.
 *
 * <p>Resources are {@code @ApplicationScoped}: they hold no request state (the request and
 * security context they inject are per-request proxies), and creating a resource per request
 * cost a measurable share of the node's CPU on the bid path.
 */
@ApplicationScoped
@ApplicationPath("api/v1")
@LoginConfig(authMethod = "MP-JWT")
@DeclareRoles({"bidder", "seller", "staff", "admin"})
public class GavelApi extends Application {}
