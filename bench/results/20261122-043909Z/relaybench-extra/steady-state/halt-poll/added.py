import json,sys,statistics as st
from collections import defaultdict
d=defaultdict(list)
for l in open(sys.argv[1]):
    r=json.loads(l); d[(r['relay'],r['flows'])].append((r['rep'],r['lat_us']['p99'],r.get('relay_cpu_pct')))
for f in (1,100):
    dirp={rep:p for rep,p,_ in d[('direct',f)]}
    for rel in sorted({k[0] for k in d if k[1]==f}):
        if rel=='direct': continue
        added=[p-dirp[rep] for rep,p,_ in d[(rel,f)] if rep in dirp]
        print(f, rel, 'p99 med', round(st.median([p for _,p,_ in d[(rel,f)]]),1), 'added per rep', [round(a) for a in added], 'median added', round(st.median(added),1), 'cpu', round(st.median([c for *_,c in d[(rel,f)]]),1))
