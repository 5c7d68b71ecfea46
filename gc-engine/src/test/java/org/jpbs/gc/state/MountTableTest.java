package org.jpbs.gc.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class MountTableTest {
  private static final String MOUNTINFO =
      String.join(
          "\n",
          "22 27 0:21 / /proc rw,relatime - proc proc rw",
          "27 1 259:2 / / rw,relatime shared:1 - ext4 /dev/nvme0n1p2 rw,errors=remount-ro",
          "40 27 0:45 / /mnt/pbs rw,relatime shared:30 - nfs4 server:/export/pbs"
              + " rw,vers=4.2,rsize=1048576",
          "41 40 259:3 / /mnt/pbs/local rw,relatime shared:31 - xfs /dev/nvme1n1 rw",
          "42 27 0:50 / /srv/my\\040store rw master:7 - cifs //nas/share rw,vers=3.1.1",
          "43 27 0:51 / /srv/sshfs rw - fuse.sshfs user@host:/x rw,user_id=0",
          "44 27 0:52 / /srv/stacked rw - nfs srv:/a rw",
          "45 27 259:4 / /srv/stacked rw - ext4 /dev/sdb1 rw",
          "garbage line without separator",
          "");

  @Test
  void mountOf_nestedMounts_longestPrefixWins() {
    MountTable t = MountTable.parseMountinfo(MOUNTINFO);
    assertThat(t.mountOf("/mnt/pbs/ds1/.jpbs/gc-state").orElseThrow().fsType()).isEqualTo("nfs4");
    assertThat(t.mountOf("/mnt/pbs/local/gc").orElseThrow().fsType()).isEqualTo("xfs");
    assertThat(t.mountOf("/mnt/pbsx").orElseThrow().fsType()).isEqualTo("ext4");
    assertThat(t.mountOf("/var/lib").orElseThrow().mountPoint()).isEqualTo("/");
  }

  @Test
  void mountOf_escapedSpaceInMountPoint_unescaped() {
    MountTable t = MountTable.parseMountinfo(MOUNTINFO);
    MountTable.Mount m = t.mountOf("/srv/my store/ds").orElseThrow();
    assertThat(m.mountPoint()).isEqualTo("/srv/my store");
    assertThat(m.fsType()).isEqualTo("cifs");
  }

  @Test
  void mountOf_sameMountPointTwice_laterMountOnTopWins() {
    MountTable t = MountTable.parseMountinfo(MOUNTINFO);
    assertThat(t.mountOf("/srv/stacked/x").orElseThrow().fsType()).isEqualTo("ext4");
  }

  @Test
  void isNetwork_knownTypes_classified() {
    assertThat(MountTable.isNetwork("nfs")).isTrue();
    assertThat(MountTable.isNetwork("nfs4")).isTrue();
    assertThat(MountTable.isNetwork("cifs")).isTrue();
    assertThat(MountTable.isNetwork("smb3")).isTrue();
    assertThat(MountTable.isNetwork("fuse.sshfs")).isTrue();
    assertThat(MountTable.isNetwork("9p")).isTrue();
    assertThat(MountTable.isNetwork("ceph")).isTrue();
    assertThat(MountTable.isNetwork("ext4")).isFalse();
    assertThat(MountTable.isNetwork("xfs")).isFalse();
    assertThat(MountTable.isNetwork("zfs")).isFalse();
    assertThat(MountTable.isNetwork("tmpfs")).isFalse();
    assertThat(MountTable.isNetwork("overlay")).isFalse();
  }

  @Test
  void requireLocal_dirOnNfs_throwsNamingTypeAndMount() {
    MountTable t = MountTable.parseMountinfo(MOUNTINFO);
    assertThatThrownBy(
            () -> FilesystemCheck.requireLocal(Path.of("/mnt/pbs/ds1/.jpbs/gc-state"), t))
        .isInstanceOfSatisfying(
            UnsupportedFilesystemException.class,
            e -> {
              assertThat(e.fsType()).isEqualTo("nfs4");
              assertThat(e.mountPoint()).isEqualTo("/mnt/pbs");
            })
        .hasMessageContaining("network filesystem")
        .hasMessageContaining("/mnt/pbs/ds1/.jpbs/gc-state");
  }

  @Test
  void requireLocal_sshfsAndCifs_refused() {
    MountTable t = MountTable.parseMountinfo(MOUNTINFO);
    assertThatThrownBy(() -> FilesystemCheck.requireLocal(Path.of("/srv/sshfs/s"), t))
        .isInstanceOf(UnsupportedFilesystemException.class)
        .hasMessageContaining("fuse.sshfs");
    assertThatThrownBy(() -> FilesystemCheck.requireLocal(Path.of("/srv/my store"), t))
        .isInstanceOf(UnsupportedFilesystemException.class);
  }

  @Test
  void requireLocal_localUnderNetworkParent_accepted() {
    MountTable t = MountTable.parseMountinfo(MOUNTINFO);
    assertThatCode(() -> FilesystemCheck.requireLocal(Path.of("/mnt/pbs/local/state"), t))
        .doesNotThrowAnyException();
  }

  @Test
  void parseMounts_procMountsFormat_findsType() {
    MountTable t =
        MountTable.parseMounts("/dev/sda1 / ext4 rw 0 0\nsrv:/e /mnt/nfs nfs rw,vers=3 0 0\n");
    assertThat(t.mountOf("/mnt/nfs/a").orElseThrow().fsType()).isEqualTo("nfs");
    assertThat(t.mountOf("/home").orElseThrow().fsType()).isEqualTo("ext4");
  }

  @Test
  void requireLocal_emptyTable_throws() {
    assertThatThrownBy(
            () -> FilesystemCheck.requireLocal(Path.of("/x"), MountTable.parseMountinfo("")))
        .isInstanceOf(GcStateException.class)
        .hasMessageContaining("no mount");
  }

  @Test
  void requireLocal_thisMachinesTempDir_accepted(@org.junit.jupiter.api.io.TempDir Path dir) {
    assertThatCode(() -> FilesystemCheck.requireLocal(dir.toRealPath())).doesNotThrowAnyException();
  }
}
