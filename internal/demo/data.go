package demo

import (
	"embed"
	"encoding/csv"
	"fmt"
	"strconv"
)

// refdata holds the reference CSV files copied from the shared reference
// data (see data/README.md): real division and university codes.
//
//go:embed data/*.csv
var refdata embed.FS

// row is one CSV record, read by column name.
type row map[string]string

// readCSV returns the records of the embedded file name, keyed by the header.
func readCSV(name string) ([]row, error) {
	f, err := refdata.Open("data/" + name)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	defer f.Close()
	records, err := csv.NewReader(f).ReadAll()
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	if len(records) < 2 {
		return nil, fmt.Errorf("read %s: no records", name)
	}
	header := records[0]
	rows := make([]row, 0, len(records)-1)
	for _, rec := range records[1:] {
		r := make(row, len(header))
		for i, h := range header {
			if i < len(rec) {
				r[h] = rec[i]
			}
		}
		rows = append(rows, r)
	}
	return rows, nil
}

// float returns the column as a number, and whether it was given.
func (r row) float(col string) (float64, bool, error) {
	s := r[col]
	if s == "" {
		return 0, false, nil
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return 0, false, fmt.Errorf("column %s: %w", col, err)
	}
	return v, true, nil
}
