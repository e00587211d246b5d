package nlu

import (
	"cmp"
	"math"
	"slices"
	"sort"
	"strings"
	"sync"
)

// Method names a scoring model. Both are trained from the same samples; the
// default was chosen by measurement on the held-out set (see Evaluate).
type Method string

// The scoring models.
const (
	// Nearest scores an intent by the cosine similarity of the utterance to the
	// intent's most similar sample (TF-IDF, 1-nearest neighbour).
	Nearest Method = "nearest"
	// Centroid scores an intent by cosine similarity to the mean of its samples.
	Centroid Method = "centroid"
	// Blend scores an intent by its nearest sample's similarity plus a share of
	// its centroid's, so an intent whose samples all point the same way gains.
	Blend Method = "blend"
	// LogReg scores an intent by its probability under a multinomial logistic
	// regression over words, word pairs, topic synonyms and character n-grams,
	// trained at build time (logreg.go).
	LogReg Method = "logreg"
	// Hybrid scores an intent by its nearest sample's similarity blended with
	// its logistic-regression probability.
	Hybrid Method = "hybrid"
)

// blendCentroid is the centroid's share of a Blend score.
const blendCentroid = 0.35

type sparse map[int]float64

type classifier struct {
	method  Method
	feats   map[string]int
	idf     []float64
	intents []string
	samples []trained
	index   [][]posting // feature -> samples holding it
	cents   []sparse    // centroid per intent
	lr      *lrScorer   // LogReg and Hybrid
}

type trained struct {
	intent int
	vec    sparse
	text   string
}

type posting struct {
	sample int
	w      float64
}

type example struct {
	intent string
	feats  []string
	text   string
}

// topicFeatureWeight makes a topic synonym count more than an ordinary word.
const topicFeatureWeight = 1.5

func train(method Method, examples []example) *classifier {
	c := &classifier{method: method, feats: map[string]int{}}
	intentIdx := map[string]int{}
	df := map[string]int{}
	for _, e := range examples {
		seen := map[string]bool{}
		for _, f := range e.feats {
			if !seen[f] {
				df[f]++
				seen[f] = true
			}
		}
		if _, ok := intentIdx[e.intent]; !ok {
			intentIdx[e.intent] = len(c.intents)
			c.intents = append(c.intents, e.intent)
		}
	}
	names := make([]string, 0, len(df))
	for f := range df {
		names = append(names, f)
	}
	sort.Strings(names)
	c.idf = make([]float64, len(names))
	n := float64(len(examples))
	for i, f := range names {
		c.feats[f] = i
		c.idf[i] = math.Log((1+n)/(1+float64(df[f]))) + 1
	}
	c.index = make([][]posting, len(names))
	sums := make([]sparse, len(c.intents))
	counts := make([]int, len(c.intents))
	for _, e := range examples {
		v := c.vector(e.feats)
		if len(v) == 0 {
			continue
		}
		in := intentIdx[e.intent]
		si := len(c.samples)
		c.samples = append(c.samples, trained{intent: in, vec: v, text: e.text})
		for f, w := range v {
			c.index[f] = append(c.index[f], posting{si, w})
		}
		if sums[in] == nil {
			sums[in] = sparse{}
		}
		for f, w := range v {
			sums[in][f] += w
		}
		counts[in]++
	}
	c.cents = make([]sparse, len(c.intents))
	for i, s := range sums {
		c.cents[i] = normalise(s)
	}
	return c
}

// vector builds the L2-normalised TF-IDF vector of features, ignoring unknown ones.
func (c *classifier) vector(feats []string) sparse {
	v := sparse{}
	for _, f := range feats {
		i, ok := c.feats[f]
		if !ok {
			continue
		}
		w := c.idf[i]
		if strings.HasPrefix(f, "@") {
			w *= topicFeatureWeight
		}
		v[i] += w
	}
	for i, w := range v {
		v[i] = 1 + math.Log(w/c.idf[i]) // sublinear tf
		v[i] *= c.idf[i]
	}
	return normalise(v)
}

func normalise(v sparse) sparse {
	var sum float64
	for _, w := range v {
		sum += w * w
	}
	if sum == 0 {
		return v
	}
	n := math.Sqrt(sum)
	for i := range v {
		v[i] /= n
	}
	return v
}

// scored is an intent with its score and the sample that earned it.
type scored struct {
	intent string
	score  float64
	sample int // -1 for centroid scores
}

// rank scores every intent for feats, best first.
func (c *classifier) rank(feats []string) []scored {
	best := make([]scored, len(c.intents))
	for i, name := range c.intents {
		best[i] = scored{intent: name, sample: -1}
	}
	if c.method == LogReg {
		c.lr.score(feats, best, false)
		sortScored(best)
		return best
	}
	q := c.vector(feats)
	switch c.method {
	case Hybrid:
		c.nearest(q, best)
		c.lr.score(feats, best, true)
	case Centroid:
		for i, cent := range c.cents {
			best[i].score = dot(q, cent)
		}
	case Blend:
		c.nearest(q, best)
		for i, cent := range c.cents {
			best[i].score = (1-blendCentroid)*best[i].score + blendCentroid*dot(q, cent)
		}
	default:
		c.nearest(q, best)
	}
	sortScored(best)
	return best
}

// sortScored sorts best first, keeping the intents' order among equals (a
// generic sort: sort.SliceStable's reflection was a third of LogReg's time).
func sortScored(s []scored) {
	slices.SortStableFunc(s, func(a, b scored) int { return cmp.Compare(b.score, a.score) })
}

// nearest sets each intent's score to its most similar sample's similarity.
func (c *classifier) nearest(q sparse, best []scored) {
	// A dense slice indexed by sample is far cheaper than a map here; only the
	// samples that share a feature with q are visited afterwards.
	buf := simsPool.Get().(*[]float64)
	if cap(*buf) < len(c.samples) {
		*buf = make([]float64, len(c.samples))
	}
	sims := (*buf)[:len(c.samples)]
	touched := make([]int, 0, 64)
	defer func() {
		for _, s := range touched {
			sims[s] = 0 // leave the buffer clean for the next parse
		}
		simsPool.Put(buf)
	}()
	for f, w := range q {
		for _, p := range c.index[f] {
			if sims[p.sample] == 0 {
				touched = append(touched, p.sample)
			}
			sims[p.sample] += w * p.w
		}
	}
	for _, s := range touched {
		in := c.samples[s].intent
		if sim := sims[s]; sim > best[in].score {
			best[in].score, best[in].sample = sim, s
		}
	}
}

// simsPool holds the per-sample similarity buffers of nearest, zeroed.
var simsPool = sync.Pool{New: func() any { return new([]float64) }}

func dot(a, b sparse) float64 {
	if len(a) > len(b) {
		a, b = b, a
	}
	var s float64
	for i, w := range a {
		s += w * b[i]
	}
	return s
}

// features turns stems into unigram, bigram and topic features.
func features(st []string, topics []string) []string {
	out := make([]string, 0, 2*len(st)+len(topics))
	for _, s := range st {
		if stopword[s] {
			continue
		}
		out = append(out, s)
	}
	for i := 0; i+1 < len(st); i++ {
		out = append(out, st[i]+"_"+st[i+1])
	}
	for _, t := range topics {
		out = append(out, "@"+t)
	}
	return out
}

// stopword lists stems too common to mean anything on their own (they still
// count inside word pairs).
var stopword = map[string]bool{
	"the": true, "a": true, "an": true, "my": true, "i": true, "is": true, "to": true, "and": true, "of": true,
	"it": true, "do": true, "be": true, "in": true, "for": true, "on": true, "me": true, "you": true, "am": true,
	"are": true, "that": true, "this": true, "with": true, "at": true, "so": true, "just": true, "can": true,
	"what": true, "how": true, "him": true, "her": true, "he": true, "she": true, "they": true, "them": true,
	"have": true, "has": true, "get": true, "i'm": true, "our": true, "your": true, "about": true,
}
