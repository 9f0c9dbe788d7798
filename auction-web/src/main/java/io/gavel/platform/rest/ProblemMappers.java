package io.gavel.platform.rest;

import io.gavel.platform.control.LockWaits;
import io.gavel.platform.entity.Refusal;
import io.gavel.users.entity.Caller;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ejb.EJBAccessException;
import jakarta.ejb.EJBException;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotAuthorizedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Turns every failure into a problem document: business refusals keep their code and status,
 * framework errors get stable codes, a row lock not granted in time is {@code 503 RESOURCE_BUSY}
 * with {@code Retry-After}, and anything unexpected is logged with an incident id and answered
 * without internals.
 */
public final class ProblemMappers {

  private static final Logger LOG = Logger.getLogger(ProblemMappers.class.getName());

  private ProblemMappers() {}

  static Response refusal(Refusal r) {
    Response response = Problem.response(r.status(), r.code(), r.getMessage(), r.extensions());
    Object retryAfter = r.extensions().get("retryAfterSeconds");
    return retryAfter == null
        ? response
        : Response.fromResponse(response).header("Retry-After", String.valueOf(retryAfter)).build();
  }

  /** Business refusals. */
  @Provider
  public static class Refusals implements ExceptionMapper<Refusal> {
    @Override
    public Response toResponse(Refusal r) {
      return refusal(r);
    }
  }

  /** JAX-RS' own exceptions (unknown path, wrong method or media type, access denied). */
  @Provider
  public static class WebApplicationExceptions implements ExceptionMapper<WebApplicationException> {
    @Context SecurityContext security;
    @Context HttpServletRequest request;

    @Override
    public Response toResponse(WebApplicationException e) {
      if (e instanceof ForbiddenException || e instanceof NotAuthorizedException) {
        return denied(security, request);
      }
      if (e instanceof NotFoundException) {
        return Problem.response(404, "NOT_FOUND", "no such resource");
      }
      if (e instanceof NotAllowedException) {
        return Problem.response(405, "METHOD_NOT_ALLOWED", "method not allowed on this resource");
      }
      if (e instanceof NotSupportedException) {
        return Problem.response(415, "UNSUPPORTED_MEDIA_TYPE", "send application/json");
      }
      int status = e.getResponse() == null ? 500 : e.getResponse().getStatus();
      if (status >= 500) {
        return unexpected(e);
      }
      return Problem.response(status, "REQUEST_REJECTED", e.getMessage());
    }
  }

  /**
   * EJB wrappers: security denials; everything else is a system failure ({@link Refusal} is an
   * application exception and arrives unwrapped).
   */
  @Provider
  public static class EjbExceptions implements ExceptionMapper<EJBException> {
    @Context SecurityContext security;
    @Context HttpServletRequest request;

    @Override
    public Response toResponse(EJBException e) {
      if (e instanceof EJBAccessException) {
        return denied(security, request);
      }
      return unexpected(e);
    }
  }

  /** The last line of defence: no stack trace ever reaches a client. */
  @Provider
  public static class Unexpected implements ExceptionMapper<Throwable> {
    @Override
    public Response toResponse(Throwable e) {
      return unexpected(e);
    }
  }

  /**
   * 401 for anonymous callers (not audited: they are nobody, and a flood of them must not fill the
   * audit log), 403 for signed-in callers whose roles do not allow the request (audited as {@code
   * access.denied} with the method and path).
   */
  static Response denied(SecurityContext security, HttpServletRequest request) {
    Caller caller = security == null || request == null ? null : Callers.of(security, request);
    if (caller == null) {
      return Problem.response(
          401, "AUTHENTICATION_REQUIRED", "sign in: send a bearer token from the auction realm");
    }
    String target = request.getMethod() + " " + request.getRequestURI();
    try {
      CDI.current()
          .select(io.gavel.audit.boundary.Refusals.class)
          .get()
          .record(
              caller,
              "access.denied",
              target.length() > 128 ? target.substring(0, 128) : target,
              "FORBIDDEN",
              "roles " + new java.util.TreeSet<>(caller.roles()));
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "could not audit a denied request", e);
    }
    return Problem.response(403, "FORBIDDEN", "your roles do not allow this");
  }

  static Response unexpected(Throwable e) {
    if (LockWaits.timedOut(e)) {
      LOG.log(Level.WARNING, "a request met a row lock held longer than the lock wait", e);
      return refusal(
          LockWaits.busy(
              "RESOURCE_BUSY",
              "what this request changes is held by another transaction that has not finished;"
                  + " nothing was changed; please try again shortly",
              LockWaits.SESSION_SECONDS));
    }
    String incident = UUID.randomUUID().toString();
    LOG.log(Level.SEVERE, "unexpected failure, incident " + incident, e);
    return Problem.response(
        500, "INTERNAL_ERROR", "unexpected failure; quote incident " + incident + " to support");
  }
}
