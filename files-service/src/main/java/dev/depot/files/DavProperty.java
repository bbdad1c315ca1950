package dev.depot.files;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.util.Objects;
import java.util.UUID;

/** A WebDAV dead property of a file or folder: the element a client set, kept verbatim. */
@Entity
@Table(name = "dav_property")
@IdClass(DavProperty.Key.class)
public class DavProperty {

    @Id
    @Column(name = "resource_id")
    public UUID resourceId;

    /** The property's XML namespace ("" for none). */
    @Id
    public String namespace;

    /** Its local name. */
    @Id
    public String name;

    /** The whole element, with the namespace declarations it needs. */
    @Column(nullable = false)
    public String xml;

    public static class Key implements Serializable {
        public UUID resourceId;
        public String namespace;
        public String name;

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k
                    && Objects.equals(resourceId, k.resourceId)
                    && Objects.equals(namespace, k.namespace)
                    && Objects.equals(name, k.name);
        }

        @Override
        public int hashCode() {
            return Objects.hash(resourceId, namespace, name);
        }
    }
}
