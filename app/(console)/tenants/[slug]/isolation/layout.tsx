import { createSectionLayout } from '../section-layout';

export default createSectionLayout('isolation.read');
