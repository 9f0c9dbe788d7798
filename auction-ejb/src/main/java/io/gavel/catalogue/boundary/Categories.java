package io.gavel.catalogue.boundary;

import io.gavel.catalogue.entity.Category;
import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.List;
import java.util.Optional;

/** The category tree. */
@Stateless
public class Categories {

  @PersistenceContext EntityManager em;

  public List<Category> all() {
    return em.createNamedQuery(Category.ALL, Category.class).getResultList();
  }

  public Optional<Category> find(long id) {
    return Optional.ofNullable(em.find(Category.class, id));
  }
}
