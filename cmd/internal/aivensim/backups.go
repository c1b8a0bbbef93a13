package aivensim

import (
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"net/http"
	"time"
)

// Backups. A service that takes backups (a primary, a leader, the active
// service of a disaster recovery pair, any standalone service) takes its
// first one a first-backup delay after its first build finished
// (Options.FirstBackupDelay, default a quarter of the provision delay), then
// one a day; the newest backupsKept are listed. Members never take backups
// (Aiven: "Read-replicas don't have backups", "follower clusters are not
// backed up independently"); a promoted member, or a recovery service that
// becomes active, starts then. The gap between RUNNING and the first backup
// is what a pg read replica has to wait for (403 before it), and what
// Terraform's aiven_pg create waits for.

// backupInterval and backupsKept are the backup_config of every plan.
const (
	backupInterval = 24 * time.Hour
	backupsKept    = 2
)

func (s *Server) firstBackupDelay() time.Duration {
	if s.opts.FirstBackupDelay != nil {
		return *s.opts.FirstBackupDelay
	}
	return s.opts.ProvisionDelay / 4
}

// takesBackups reports whether sv backs itself up: not while it is a
// member of a link, nor while it is the passive or failed service of a
// disaster recovery pair.
func (s *Server) takesBackups(sv *service) bool {
	switch sv.drRole {
	case roleActive:
		return true
	case rolePassive, roleFailed:
		return false
	}
	return s.memberLink(sv, "") == nil
}

// startBackups schedules sv's first backup a first-backup delay after
// from, unless it has one scheduled already or takes none.
func (s *Server) startBackups(sv *service, from time.Time) {
	if sv.firstBackup.IsZero() && s.takesBackups(sv) {
		sv.firstBackup = from.UTC().Add(s.firstBackupDelay())
	}
}

// backups lists the backups sv has taken by now, the newest backupsKept of
// them, oldest first.
func (s *Server) backups(sv *service, now time.Time) []backupOut {
	out := []backupOut{}
	if !s.takesBackups(sv) || sv.firstBackup.IsZero() || now.Before(sv.firstBackup) {
		return out
	}
	n := int(now.Sub(sv.firstBackup) / backupInterval)
	for k := max(0, n-backupsKept+1); k <= n; k++ {
		at := sv.firstBackup.Add(time.Duration(k) * backupInterval)
		sum := sha256.Sum256([]byte(sv.name + at.Format(time.RFC3339Nano)))
		out = append(out, backupOut{
			BackupName: fmt.Sprintf("%s-%s%06dZ", sv.name, at.Format("20060102T150405"), at.Nanosecond()/1000),
			BackupTime: at, DataSize: 1<<30 + int(binary.BigEndian.Uint64(sum[:8])%(8<<30)),
			StorageLocation: sv.cloud,
		})
	}
	return out
}

// backupOut is BackupOut.
type backupOut struct {
	BackupName      string    `json:"backup_name"`
	BackupTime      time.Time `json:"backup_time"`
	DataSize        int       `json:"data_size"`
	StorageLocation string    `json:"storage_location"`
}

// backupsOut is ServiceBackupsGetOut.
type backupsOut struct {
	Backups             []backupOut        `json:"backups"`
	ScheduledBackupTime scheduledBackupOut `json:"scheduled_backup_time"`
}

// scheduledBackupOut is ScheduledBackupTimeOut.
type scheduledBackupOut struct {
	BackupHour          int `json:"backup_hour"`
	BackupIntervalHours int `json:"backup_interval_hours"`
	BackupMinute        int `json:"backup_minute"`
}

// getBackups answers ServiceBackupsGet: the service's backups, taken daily
// at the time of day of its first one (of its creation, before that).
func (s *Server) getBackups(r *http.Request) (any, error) {
	_, sv, err := s.service(r)
	if err != nil {
		return nil, err
	}
	at := sv.createTime.UTC()
	if !sv.firstBackup.IsZero() {
		at = sv.firstBackup.UTC()
	}
	return backupsOut{Backups: s.backups(sv, s.now()), ScheduledBackupTime: scheduledBackupOut{
		BackupHour: at.Hour(), BackupMinute: at.Minute(), BackupIntervalHours: int(backupInterval.Hours()),
	}}, nil
}
