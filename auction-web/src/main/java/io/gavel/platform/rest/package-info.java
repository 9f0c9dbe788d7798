/**
 * REST plumbing: the JAX-RS application (MP-JWT), strict request parsing, and problem+json for
 * every failure, so that bad input is always a 4xx with a stable code and never a 500.
 */
package io.gavel.platform.rest;
