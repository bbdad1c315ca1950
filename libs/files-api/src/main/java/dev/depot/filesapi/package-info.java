/**
 * files-service's /internal API as code: what sharing-service sends and what it gets back. files-service
 * answers with these records and sharing-service reads them, so a change of the wire format is a change
 * of this package, seen by both at compile time. Every record names its fields in snake_case on the wire
 * by itself, whatever the naming setting of the service that serialises it.
 */
package dev.depot.filesapi;
