package io.gavel.console.faces;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.security.enterprise.SecurityContext;

/** The signed-in staff member, for the pages. */
@Named("staffSession")
@RequestScoped
public class Session {

  @Inject SecurityContext security;

  public String getName() {
    return security.getCallerPrincipal() == null ? null : security.getCallerPrincipal().getName();
  }

  public boolean isAdmin() {
    return security.isCallerInRole("admin");
  }
}
