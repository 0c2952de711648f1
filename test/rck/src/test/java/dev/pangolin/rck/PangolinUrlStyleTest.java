package dev.pangolin.rck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Iceberg's Java RESTCatalog with Pangolin's client URL style, uri=http://host/v1/<catalog> and
 * no `warehouse` property, against the server test/rck/run.sh started (it passes uri, warehouse
 * = the kit's catalog and credential as system properties). Skipped for rck.local=true: Iceberg's
 * reference server has no such URLs.
 */
class PangolinUrlStyleTest {
  private static final Schema SCHEMA =
      new Schema(
          Types.NestedField.required(1, "id", Types.LongType.get()),
          Types.NestedField.optional(2, "data", Types.StringType.get()));

  private static String server;
  private static String catalogName;
  private static String credential;

  // per test, not @BeforeAll, so Surefire reports them as skipped rather than none run
  @BeforeEach
  void onlyAgainstPangolin() {
    assumeFalse(Boolean.getBoolean("rck.local"), "Pangolin URL style: only against Pangolin");
  }

  @BeforeAll
  static void properties() {
    if (Boolean.getBoolean("rck.local")) return;
    server = System.getProperty("uri", "").replaceAll("/+$", "");
    catalogName = System.getProperty("warehouse", "");
    credential = System.getProperty("credential");
    assertThat(server).as("system property uri").isNotEmpty();
    assertThat(catalogName).as("system property warehouse (the catalog)").isNotEmpty();
  }

  private static RESTCatalog client(Map<String, String> extra) {
    Map<String, String> props = new HashMap<>(extra);
    if (credential != null) props.put("credential", credential);
    RESTCatalog catalog = new RESTCatalog();
    catalog.setConf(new Configuration());
    catalog.initialize("pangolin-url-style", props);
    return catalog;
  }

  @Test
  void catalogOperationsThroughV1CatalogUri() throws Exception {
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    Namespace ns = Namespace.of("url_style_" + suffix);
    TableIdentifier table = TableIdentifier.of(ns, "t");
    TableIdentifier renamed = TableIdentifier.of(ns, "t_renamed");

    try (RESTCatalog catalog = client(Map.of("uri", server + "/v1/" + catalogName));
        // the usual style, to check the Pangolin-style URL reached the named catalog
        RESTCatalog plain = client(Map.of("uri", server, "warehouse", catalogName))) {
      assertThat(catalog.listNamespaces()).doesNotContain(ns);
      // a mutable map: the client's request builder asks it containsKey(null)
      catalog.createNamespace(ns, new HashMap<>(Map.of("owner", "rck")));
      assertThat(catalog.listNamespaces()).contains(ns);
      assertThat(catalog.loadNamespaceMetadata(ns)).containsEntry("owner", "rck");
      assertThat(plain.namespaceExists(ns)).isTrue();

      Table created = catalog.createTable(table, SCHEMA);
      assertThat(created.schema().sameSchema(SCHEMA)).isTrue();
      assertThat(catalog.listTables(ns)).containsExactly(table);

      Table loaded = catalog.loadTable(table);
      assertThat(loaded.schema().sameSchema(SCHEMA)).isTrue();
      assertThat(loaded.currentSnapshot()).isNull();
      loaded.updateProperties().set("pangolin.url-style", "yes").commit();
      assertThat(catalog.loadTable(table).properties()).containsEntry("pangolin.url-style", "yes");
      assertThat(plain.loadTable(table).properties()).containsEntry("pangolin.url-style", "yes");

      catalog.renameTable(table, renamed);
      assertThat(catalog.tableExists(table)).isFalse();
      assertThat(catalog.loadTable(renamed).properties()).containsEntry("pangolin.url-style", "yes");
      assertThat(catalog.listTables(ns)).containsExactly(renamed);

      assertThat(catalog.dropTable(renamed, true)).isTrue();
      assertThat(catalog.tableExists(renamed)).isFalse();
      assertThat(catalog.listTables(ns)).isEmpty();
      assertThat(catalog.dropNamespace(ns)).isTrue();
      assertThat(catalog.namespaceExists(ns)).isFalse();
      assertThat(plain.namespaceExists(ns)).isFalse();
    }
  }

  @Test
  void unknownCatalogInUriIsRefusedAtInitialize() {
    String missing = "no_such_catalog_" + UUID.randomUUID().toString().substring(0, 8);
    assertThatThrownBy(() -> client(Map.of("uri", server + "/v1/" + missing)).close())
        .isInstanceOf(RuntimeException.class)
        .hasMessageContaining(missing);
  }
}
