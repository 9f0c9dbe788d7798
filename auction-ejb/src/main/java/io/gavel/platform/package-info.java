/**
 * Platform: the application's resources and schema. Declares the XA datasource (business
 * transactions), a non-XA datasource (Flyway only: it fails on XA connections), the JMS
 * connection factory and topic in the Artemis resource adapter, and migrates the schema at
 * start-up before any other component runs. Also the shared refusal type and wire formats.
 */
package io.gavel.platform;
