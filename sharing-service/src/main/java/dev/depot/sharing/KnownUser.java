package dev.depot.sharing;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.util.UUID;

/** A user as auth-service announced them: whom a share can name. */
@Entity
@Table(name = "known_user")
public class KnownUser {

    @Id
    public UUID id;

    public String username;

    public String email;

    @Column(name = "display_name")
    public String displayName;

    @Column(name = "avatar_url")
    public String avatarUrl;
}
