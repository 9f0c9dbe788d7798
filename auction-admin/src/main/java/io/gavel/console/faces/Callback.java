package io.gavel.console.faces;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** Where Keycloak returns after sign-in: the mechanism has authenticated; go to the start page. */
@WebServlet("/Callback")
public class Callback extends HttpServlet {

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    response.sendRedirect(request.getContextPath() + "/index.xhtml");
  }
}
