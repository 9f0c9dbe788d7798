package io.gavel.platform.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * No entity may take its id from an insert's generated key, and every generator an entity names
 * draws from {@link IdBlocks#TABLE} (see {@link IdBlocks}).
 */
class IdBlocksTest {

  @Test
  void everyGeneratedIdComesFromABlock() throws Exception {
    Map<String, Element> generators = generators();
    List<String> checked = new ArrayList<>();
    for (Class<?> entity : entities()) {
      for (Field field : entity.getDeclaredFields()) {
        GeneratedValue value = field.getAnnotation(GeneratedValue.class);
        if (value == null) {
          continue;
        }
        String where = entity.getSimpleName() + "." + field.getName();
        assertEquals(GenerationType.TABLE, value.strategy(), where);
        Element generator = generators.get(value.generator());
        assertTrue(generator != null, where + ": no table generator named " + value.generator());
        assertEquals(IdBlocks.TABLE, generator.getAttribute("table"), where);
        assertEquals(value.generator(), generator.getAttribute("pk-column-value"), where);
        checked.add(where);
      }
    }
    // the auctions and three more (bids are numbered by BlockIds); a new entity lands here too
    assertTrue(checked.size() >= 4, "found " + checked);
    assertEquals(generators.size(), checked.size(), "a generator that no entity uses: " + generators.keySet());
  }

  private static Map<String, Element> generators() throws Exception {
    Map<String, Element> byName = new HashMap<>();
    try (InputStream in = IdBlocks.class.getClassLoader().getResourceAsStream(IdBlocks.GENERATORS)) {
      NodeList nodes =
          DocumentBuilderFactory.newInstance()
              .newDocumentBuilder()
              .parse(in)
              .getElementsByTagName("table-generator");
      for (int i = 0; i < nodes.getLength(); i++) {
        Element generator = (Element) nodes.item(i);
        byName.put(generator.getAttribute("name"), generator);
      }
    }
    return byName;
  }

  private static List<Class<?>> entities() throws Exception {
    Path classes = Path.of(IdBlocks.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    List<Class<?>> entities = new ArrayList<>();
    try (Stream<Path> files = Files.walk(classes)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
        String name = classes.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", "");
        if (name.contains("$")) {
          continue;
        }
        Class<?> type = Class.forName(name, false, IdBlocksTest.class.getClassLoader());
        if (type.isAnnotationPresent(Entity.class)) {
          entities.add(type);
        }
      }
    }
    return entities;
  }
}
