{{- define "guestbook.name" -}}guestbook{{- end }}
