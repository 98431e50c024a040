package audit

import (
	"context"
	"fmt"

	"entgo.io/ent/privacy"

	"github.com/wushehub/wushe/ent"
	"github.com/wushehub/wushe/ent/auditentry"
	"github.com/wushehub/wushe/internal/fault"
)

// Verification is the result of checking the chain.
type Verification struct {
	OK       bool
	Checked  int64
	BrokenAt int64           // seq of the first broken link (0 when OK)
	Entry    *ent.AuditEntry // the entry there
	Reason   fault.Text
}

// Verify walks the chain from the first entry and returns the first broken
// link: a gap in the sequence, an entry whose prev_hash is not its
// predecessor's hash, or one whose hash does not match its content.
func Verify(ctx context.Context, client *ent.Client) (Verification, error) {
	ctx = privacy.DecisionContext(ctx, privacy.Allow)
	var (
		res     = Verification{OK: true}
		prevSeq int64
		prev    string
	)
	const page = 2000
	for {
		if err := ctx.Err(); err != nil {
			return res, err
		}
		batch, err := client.AuditEntry.Query().Where(auditentry.SeqGT(prevSeq)).
			Order(ent.Asc(auditentry.FieldSeq)).Limit(page).All(ctx)
		if err != nil {
			return res, fmt.Errorf("audit verify: %w", err)
		}
		for _, e := range batch {
			res.Checked++
			broken := func(t fault.Text) (Verification, error) {
				res.OK, res.BrokenAt, res.Entry, res.Reason = false, e.Seq, e, t
				return res, nil
			}
			if e.Seq != prevSeq+1 {
				return broken(fault.T("entries %d to %d are missing", "第%d至%d条记录缺失", prevSeq+1, e.Seq-1))
			}
			if e.PrevHash != prev {
				return broken(fault.T("entry %d does not follow entry %d (its previous hash differs)", "第%d条记录的前序摘要与第%d条不符", e.Seq, prevSeq))
			}
			if got := Hash(e.Seq, entryOf(e), e.PrevHash); got != e.Hash {
				return broken(fault.T("entry %d was altered: its content no longer matches its hash", "第%d条记录已被篡改：内容与摘要不符", e.Seq))
			}
			prevSeq, prev = e.Seq, e.Hash
		}
		if len(batch) < page {
			return res, nil
		}
	}
}

func entryOf(e *ent.AuditEntry) Entry {
	return Entry{
		At: e.At, Subject: e.Subject, Agency: e.Agency, Role: e.Role, Purpose: e.Purpose,
		Operation: e.Operation, DocumentHash: e.DocumentHash, Action: e.Action,
		Entity: e.Entity, EntityID: e.EntityID, Fields: e.Fields,
	}
}
