package io.gavel.platform.control;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;
import jakarta.persistence.Version;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * An entity's row read and written on plain JDBC, from the entity's own JPA mapping, for the one
 * path where EclipseLink's way costs too much: a bid batch locks its auctions in the same round
 * trip as it reads its bidders ({@link Reads}), and writes their new state in the same round trip
 * as its other rows ({@link Rows}). Entities built here are not managed: nothing of them is
 * written unless {@link #update} is called.
 *
 * <p>It maps what the application's entities use and refuses the rest when it is built, so a
 * mapping it cannot follow fails at once, not with wrong data: basic fields only (strings,
 * numbers, {@code BigDecimal}, booleans, enums stored by name, and {@code Instant}s as UTC {@code
 * DATETIME}s as {@code InstantConverter} stores them), a single {@code @Id}, no {@code @Version},
 * no associations, no other converters. Column names are those of {@code @Column}, else the
 * field's name.
 */
public final class EntityRows<T> {

  private static final Set<Class<?>> BASIC =
      Set.of(
          String.class, Long.class, long.class, Integer.class, int.class, Boolean.class,
          boolean.class, BigDecimal.class, Instant.class);

  private record Mapped(String column, Field field) {}

  private final String table;
  private final Constructor<T> constructor;
  private final List<Mapped> columns;
  /** The index of the {@code @Id} column in {@link #columns}. */
  private final int id;
  private final String select;

  private EntityRows(String table, Constructor<T> constructor, List<Mapped> columns, Mapped id) {
    this.table = table;
    this.constructor = constructor;
    this.columns = columns;
    this.id = columns.indexOf(id);
    this.select = columns.stream().map(Mapped::column).collect(Collectors.joining(", "));
  }

  /** A loaded entity and its columns' values as they were read, to find what changed. */
  public static final class Loaded<T> {
    private final T entity;
    private final Object[] read;

    private Loaded(T entity, Object[] read) {
      this.entity = entity;
      this.read = read;
    }

    public T entity() {
      return entity;
    }
  }

  /**
   * The mapping of {@code type}, an {@code @Entity} with a {@code @Table} and a no-argument
   * constructor.
   *
   * @throws IllegalArgumentException when it uses a mapping this class does not follow
   */
  public static <T> EntityRows<T> of(Class<T> type) {
    if (!type.isAnnotationPresent(Entity.class) || !type.isAnnotationPresent(Table.class)) {
      throw new IllegalArgumentException(type + " is no entity with a @Table");
    }
    List<Mapped> columns = new ArrayList<>();
    Mapped id = null;
    for (Field field : type.getDeclaredFields()) {
      int modifiers = field.getModifiers();
      if (Modifier.isStatic(modifiers)
          || Modifier.isTransient(modifiers)
          || field.isSynthetic()
          || field.isAnnotationPresent(Transient.class)
          || field.getName().startsWith("_persistence")) {
        continue;
      }
      requireFollowed(type, field);
      Column column = field.getAnnotation(Column.class);
      Mapped mapped =
          new Mapped(column != null && !column.name().isEmpty() ? column.name() : field.getName(), field);
      field.setAccessible(true);
      columns.add(mapped);
      if (field.isAnnotationPresent(Id.class)) {
        if (id != null) {
          throw new IllegalArgumentException(type + " has more than one @Id");
        }
        id = mapped;
      }
    }
    if (id == null) {
      throw new IllegalArgumentException(type + " has no @Id field");
    }
    try {
      Constructor<T> constructor = type.getDeclaredConstructor();
      constructor.setAccessible(true);
      return new EntityRows<>(type.getAnnotation(Table.class).name(), constructor, List.copyOf(columns), id);
    } catch (NoSuchMethodException e) {
      throw new IllegalArgumentException(type + " has no constructor without arguments", e);
    }
  }

  private static void requireFollowed(Class<?> type, Field field) {
    Class<?> java = field.getType();
    String where = type.getSimpleName() + "." + field.getName();
    if (field.isAnnotationPresent(Version.class) || field.isAnnotationPresent(Convert.class)) {
      throw new IllegalArgumentException(where + ": @Version and @Convert are not supported");
    }
    if (java.isEnum()) {
      Enumerated enumerated = field.getAnnotation(Enumerated.class);
      if (enumerated == null || enumerated.value() != EnumType.STRING) {
        throw new IllegalArgumentException(where + ": enums must be stored by name");
      }
    } else if (!BASIC.contains(java)) {
      throw new IllegalArgumentException(where + ": " + java.getName() + " is not supported");
    }
  }

  /** The table's name. */
  public String table() {
    return table;
  }

  /** Every mapped column, comma separated, in the order {@link #read} expects them. */
  public String columns() {
    return select;
  }

  /**
   * The entity in the current row of {@code row}, whose first columns are {@link #columns()} in
   * order.
   */
  public Loaded<T> read(ResultSet row) throws SQLException {
    T entity;
    try {
      entity = constructor.newInstance();
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot create a " + constructor.getDeclaringClass(), e);
    }
    Object[] read = new Object[columns.size()];
    for (int c = 0; c < read.length; c++) {
      Field field = columns.get(c).field();
      Object value = value(row, c + 1, field.getType());
      if (value != null || !field.getType().isPrimitive()) {
        set(field, entity, value);
      }
      read[c] = stored(get(field, entity));
    }
    return new Loaded<>(entity, read);
  }

  /**
   * Adds {@code UPDATE <table> SET <changed columns> WHERE <id> = ?} to {@code statements} for the
   * columns whose value changed since {@code loaded} was read; nothing when none did.
   *
   * @return whether a statement was added
   */
  public boolean update(Rows statements, Loaded<T> loaded) {
    StringBuilder sql = new StringBuilder("UPDATE ").append(table).append(" SET ");
    List<Object> values = new ArrayList<>();
    for (int c = 0; c < columns.size(); c++) {
      Mapped mapped = columns.get(c);
      Object now = stored(get(mapped.field(), loaded.entity()));
      if (!Objects.equals(now, loaded.read[c])) {
        sql.append(values.isEmpty() ? "" : ", ").append(mapped.column()).append(" = ?");
        values.add(now);
      }
    }
    if (values.isEmpty()) {
      return false;
    }
    sql.append(" WHERE ").append(columns.get(id).column()).append(" = ?");
    values.add(loaded.read[id]);
    statements.add(sql.toString(), values);
    return true;
  }

  /** A column's value as read from JDBC, in the field's Java type (enums by name). */
  private static Object value(ResultSet row, int column, Class<?> java) throws SQLException {
    Object value;
    if (java == String.class || java.isEnum()) {
      String text = row.getString(column);
      return text == null || !java.isEnum() ? text : enumNamed(java, text);
    } else if (java == Long.class || java == long.class) {
      value = row.getLong(column);
    } else if (java == Integer.class || java == int.class) {
      value = row.getInt(column);
    } else if (java == Boolean.class || java == boolean.class) {
      value = row.getBoolean(column);
    } else if (java == BigDecimal.class) {
      return row.getBigDecimal(column);
    } else {
      LocalDateTime time = row.getObject(column, LocalDateTime.class);
      return time == null ? null : time.toInstant(ZoneOffset.UTC);
    }
    return row.wasNull() ? null : value;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Object enumNamed(Class<?> type, String name) {
    return Enum.valueOf((Class<? extends Enum>) type, name);
  }

  /** A field's value as it is compared and bound: enums by name, the rest as they are. */
  private static Object stored(Object value) {
    return value instanceof Enum<?> e ? e.name() : value;
  }

  private static Object get(Field field, Object entity) {
    try {
      return field.get(entity);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void set(Field field, Object entity, Object value) {
    try {
      field.set(entity, value);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    }
  }
}
