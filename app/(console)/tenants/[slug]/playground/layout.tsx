import { createSectionLayout } from '../section-layout';

export default createSectionLayout('playground.use');
